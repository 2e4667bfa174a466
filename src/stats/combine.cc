#include "stats/combine.h"

#include <cmath>

#include "stats/distributions.h"
#include "stats/log_p.h"

namespace lineage {

double FisherStatistic(std::span<const double> ln_p) {
  double x = 0;
  for (double l : ln_p) {
    // A p above 1 (rounding) or NaN carries no evidence; -inf is clamped to the floor.
    if (std::isnan(l) || l > 0) continue;
    x += -2.0 * (l < kMinLog10P * kLn10 ? kMinLog10P * kLn10 : l);
  }
  return x;
}

double FisherCombine(std::span<const double> ln_p) {
  if (ln_p.empty()) return 0.0;
  return LogChiSquareSf(FisherStatistic(ln_p), 2.0 * static_cast<double>(ln_p.size()));
}

double BonferroniLog10(double log10_p, double m) {
  if (!(m >= 1)) m = 1;
  return ClampLog10P(log10_p + std::log10(m)).value;
}

double Log10BayesFactorCap(double log10_p) {
  const double lp = ClampLog10P(log10_p).value;
  const double ln_p = lp * kLn10;
  if (ln_p >= -1.0) return 0.0;  // p >= 1/e: the bound is 1 (no evidence)
  return -lp - kLog10E - std::log10(-ln_p);
}

}  // namespace lineage
