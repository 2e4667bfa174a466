#include "stats/distributions.h"

#include <cmath>

#include "stats/log_p.h"

namespace lineage {
namespace {

constexpr double kLnFloor = kMinLog10P * kLn10;  // the most negative ln p we ever return
constexpr double kSqrt2 = 1.4142135623730950488;
constexpr double kLnSqrt2Pi = 0.91893853320467274178;
constexpr double kTiny = 1e-300;
constexpr int kMaxIterations = 200000;

double Floor(double ln_p) { return ln_p < kLnFloor ? kLnFloor : ln_p; }

// Continued fraction for the incomplete beta function (modified Lentz). Converges fast for
// x < (a + 1) / (a + b + 2); the caller uses the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) otherwise.
double BetaContinuedFraction(double x, double a, double b) {
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double f = d;
  for (int m = 1; m < kMaxIterations; ++m) {
    // Even step: m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double num = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    d = 1.0 + num * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    f *= d * c;
    // Odd step: -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    num = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
    d = 1.0 + num * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    f *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return f;
}

// ln I_x(a, b) with y = 1 - x supplied separately so that tails near x = 1 keep their precision.
double LogBetaIWithComplement(double x, double y, double a, double b) {
  if (x <= 0) return kLnFloor;
  if (y <= 0) return 0.0;
  const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  const double front = a * std::log(x) + b * std::log(y) - log_beta;
  if (x < (a + 1.0) / (a + b + 2.0)) {
    return Floor(front - std::log(a) + std::log(BetaContinuedFraction(x, a, b)));
  }
  return Floor(Log1mExp(front - std::log(b) + std::log(BetaContinuedFraction(y, b, a))));
}

}  // namespace

double LogNormalSf(double z) {
  if (std::isnan(z) || z == -INFINITY) return 0.0;
  if (z == INFINITY) return kLnFloor;
  if (z < 0) return std::log1p(-0.5 * std::erfc(-z / kSqrt2));
  if (z < 30) return std::log(0.5 * std::erfc(z / kSqrt2));
  // Mills-ratio asymptotic series; at z >= 30 its terms shrink until k ≈ z²/2, so two terms more
  // than METHODS §4.2 lists only make it more accurate (error ~3e-16 at z = 30).
  const double w = 1.0 / (z * z);
  const double series =
      1 - w * (1 - 3 * w * (1 - 5 * w * (1 - 7 * w * (1 - 9 * w * (1 - 11 * w)))));
  return Floor(-0.5 * z * z - std::log(z) - kLnSqrt2Pi + std::log(series));
}

double Log10NormalSf(double z) { return LogNormalSf(z) * kLog10E; }

double LogBetaI(double x, double a, double b) {
  if (!(x > 0)) return kLnFloor;
  if (x >= 1) return 0.0;
  return LogBetaIWithComplement(x, 1.0 - x, a, b);
}

double LogStudentTSf(double t, double df) {
  if (std::isnan(t) || !(df > 0)) return 0.0;
  if (t == INFINITY) return kLnFloor;
  if (t == -INFINITY) return 0.0;
  // P(T >= |t|) = ½ I_{df/(df+t²)}(df/2, ½); x and 1 - x formed separately to keep far tails.
  const double t2 = t * t;
  const double x = df / (df + t2);
  const double y = t2 / (df + t2);
  const double ln_upper = std::log(0.5) + LogBetaIWithComplement(x, y, 0.5 * df, 0.5);
  if (t >= 0) return ln_upper;
  return std::log1p(-std::exp(ln_upper));
}

double LogGammaQ(double a, double x) {
  if (!(a > 0) || std::isnan(x)) return 0.0;
  if (x <= 0) return 0.0;
  if (x == INFINITY) return kLnFloor;
  const double ln_front = -x + a * std::log(x);
  if (x < a + 1.0) {
    // Series for P(a, x), then Q = 1 - P in log space.
    double ap = a, term = 1.0, sum = 1.0;
    for (int n = 0; n < kMaxIterations; ++n) {
      ap += 1.0;
      term *= x / ap;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const double ln_p = ln_front - std::lgamma(a + 1.0) + std::log(sum);
    return Floor(Log1mExp(ln_p < 0 ? ln_p : 0.0));
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double f = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    f *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return Floor(ln_front - std::lgamma(a) + std::log(f));
}

double LogChiSquareSf(double x, double df) {
  if (std::isnan(x) || !(df > 0) || x <= 0) return 0.0;
  if (x == INFINITY) return kLnFloor;
  const double half_df = 0.5 * df;
  const bool even = half_df == std::floor(half_df);
  if (even && half_df <= 1e6) {
    // Closed form: P = e^{-x/2} Σ_{j<L} (x/2)^j / j!, summed around its largest term.
    const auto terms = static_cast<int64_t>(half_df);
    const double lx = std::log(0.5 * x);
    int64_t peak = static_cast<int64_t>(std::floor(0.5 * x));
    if (peak > terms - 1) peak = terms - 1;
    const double top = peak * lx - std::lgamma(peak + 1.0);
    double sum = 0;
    for (int64_t j = 0; j < terms; ++j) sum += std::exp(j * lx - std::lgamma(j + 1.0) - top);
    const double ln_p = -0.5 * x + top + std::log(sum);
    return Floor(ln_p < 0 ? ln_p : 0.0);
  }
  return LogGammaQ(half_df, 0.5 * x);
}

}  // namespace lineage
