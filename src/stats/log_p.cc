#include "stats/log_p.h"

#include <cmath>

#include <fmt/format.h>

namespace lineage {

Log10P ClampLog10P(double log10_p) {
  if (std::isnan(log10_p)) return {0.0, true};  // no defined evidence: p = 1
  if (log10_p < kMinLog10P) return {kMinLog10P, true};
  // Rounding can push a p of 1 a hair above 0; only a real excess is a clamp worth noting.
  if (log10_p > 0) return {0.0, log10_p > 1e-9};
  return {log10_p, false};
}

Log10P LnToLog10P(double ln_p) { return ClampLog10P(ln_p * kLog10E); }

double Log1mExp(double x) {
  if (x >= 0) return -INFINITY;
  // Two regimes (Mächler 2012): expm1 is exact near 0, log1p far from it.
  return x > -0.6931471805599453 ? std::log(-std::expm1(x)) : std::log1p(-std::exp(x));
}

double LogAddExp(double a, double b) {
  if (a == -INFINITY) return b;
  if (b == -INFINITY) return a;
  double hi = a > b ? a : b;
  double lo = a > b ? b : a;
  return hi + std::log1p(std::exp(lo - hi));
}

std::string FormatLog10P(double log10_p) {
  double v = ClampLog10P(log10_p).value;
  if (std::fabs(v) >= 100) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

std::string FormatLog10P(const std::optional<double>& log10_p) {
  return log10_p ? FormatLog10P(*log10_p) : "—";
}

}  // namespace lineage
