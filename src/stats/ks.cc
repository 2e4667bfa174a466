#include "stats/ks.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/log_p.h"

namespace lineage {
namespace {

// Largest matrix (m = 2⌊nd⌋ + 1) for which the exact method runs; beyond it p is far below any
// level we test at and the asymptotic series is accurate.
constexpr int kMaxExactDim = 151;

// Square matrix carried as value × 2^exponent so that powers never overflow.
struct ScaledMatrix {
  int m = 0;
  std::vector<double> a;
  int64_t exponent = 0;
};

ScaledMatrix Multiply(const ScaledMatrix& x, const ScaledMatrix& y) {
  const int m = x.m;
  ScaledMatrix z{m, std::vector<double>(static_cast<size_t>(m) * m, 0.0), x.exponent + y.exponent};
  for (int i = 0; i < m; ++i) {
    for (int k = 0; k < m; ++k) {
      const double xik = x.a[i * m + k];
      if (xik == 0) continue;
      for (int j = 0; j < m; ++j) z.a[i * m + j] += xik * y.a[k * m + j];
    }
  }
  double peak = 0;
  for (double v : z.a) peak = std::max(peak, std::fabs(v));
  if (peak > 0) {
    int e;
    std::frexp(peak, &e);
    for (double& v : z.a) v = std::ldexp(v, -e);
    z.exponent += e;
  }
  return z;
}

// ln P(D_n < d), Marsaglia–Tsang–Wang (2003): P = n!/n^n (H^n)_{k,k} for the m × m matrix H
// built from h = k - nd.
double LogKolmogorovCdfExact(int n, double d) {
  const double nd = n * d;
  const int k = static_cast<int>(std::floor(nd)) + 1;
  const int m = 2 * k - 1;
  const double h = k - nd;
  ScaledMatrix base{m, std::vector<double>(static_cast<size_t>(m) * m, 0.0), 0};
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < m; ++j) {
      if (i - j + 1 >= 0) base.a[i * m + j] = 1.0;
    }
  }
  for (int i = 0; i < m; ++i) {
    base.a[i * m] -= std::pow(h, i + 1);
    base.a[(m - 1) * m + i] -= std::pow(h, m - i);
  }
  if (2 * h - 1 > 0) base.a[(m - 1) * m] += std::pow(2 * h - 1, m);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < m; ++j) {
      const int f = i - j + 1;
      if (f > 0) base.a[i * m + j] /= std::exp(std::lgamma(f + 1.0));
    }
  }
  // Binary powering.
  ScaledMatrix result{m, std::vector<double>(static_cast<size_t>(m) * m, 0.0), 0};
  for (int i = 0; i < m; ++i) result.a[i * m + i] = 1.0;
  ScaledMatrix power = base;
  for (int e = n; e > 0; e >>= 1) {
    if (e & 1) result = Multiply(result, power);
    if (e > 1) power = Multiply(power, power);
  }
  const double entry = result.a[(k - 1) * m + (k - 1)];
  if (!(entry > 0)) return -INFINITY;
  return std::log(entry) + result.exponent * std::log(2.0) + std::lgamma(n + 1.0) -
         n * std::log(static_cast<double>(n));
}

// ln P(D_n >= d) from Kolmogorov's limit with Stephens' finite-n correction, in log space:
// 2 Σ (-1)^{k-1} exp(-2 k² λ²) = 2 exp(-2λ²) Σ (-1)^{k-1} exp(-2 (k² - 1) λ²).
double LogKolmogorovSfAsymptotic(int n, double d) {
  const double sn = std::sqrt(static_cast<double>(n));
  const double lambda = (sn + 0.12 + 0.11 / sn) * d;
  const double l2 = lambda * lambda;
  if (l2 < 0.1) return 0.0;  // the series converges slowly there and p ≈ 1
  double tail = 0;
  for (int k = 1; k < 100; ++k) {
    const double term = std::exp(-2.0 * (static_cast<double>(k) * k - 1.0) * l2);
    tail += (k % 2 == 1) ? term : -term;
    if (term < 1e-17) break;
  }
  if (!(tail > 0)) return 0.0;
  const double ln_p = std::log(2.0) - 2.0 * l2 + std::log(tail);
  return ln_p < 0 ? ln_p : 0.0;
}

// ln P(D+_n >= d), Birnbaum–Tingey exact one-sided formula, summed in log space:
// d Σ_{j <= n(1-d)} C(n, j) (1 - d - j/n)^{n-j} (d + j/n)^{j-1}. Twice it bounds the two-sided
// tail from above and is tight (relative error ~p) where p is small.
double LogOneSidedSf(int n, double d) {
  const double nn = n;
  const int jmax = static_cast<int>(std::floor(nn * (1.0 - d)));
  double acc = -INFINITY;
  for (int j = 0; j <= jmax; ++j) {
    const double rest = 1.0 - d - j / nn;
    if (rest <= 0) break;
    const double term = std::lgamma(nn + 1) - std::lgamma(j + 1.0) - std::lgamma(nn - j + 1) +
                        (nn - j) * std::log(rest) + (j - 1.0) * std::log(d + j / nn);
    acc = LogAddExp(acc, term);
  }
  return std::log(d) + acc;
}

}  // namespace

namespace {

double LogKolmogorovSf(int n, double d) {
  if (n <= 0 || !(d > 0)) return 0.0;
  if (d >= 1) return -INFINITY;
  if (2 * static_cast<int>(std::floor(n * d)) + 1 <= kMaxExactDim) {
    const double ln_cdf = LogKolmogorovCdfExact(n, d);
    const double ln_sf = Log1mExp(ln_cdf < 0 ? ln_cdf : -1e-300);
    // Below ~1e-10 the subtraction 1 - cdf has lost its digits: the one-sided bound is exact
    // enough.
    if (ln_sf > std::log(1e-10)) return ln_sf;
  }
  const double two_sided_bound = std::log(2.0) + LogOneSidedSf(n, d);
  if (two_sided_bound < std::log(1e-3)) return two_sided_bound;
  return LogKolmogorovSfAsymptotic(n, d);
}

}  // namespace

double KolmogorovSf(int n, double d) { return std::exp(LogKolmogorovSf(n, d)); }

Result<KsResult> KsTestUniform(std::span<const double> values) {
  if (values.empty()) return InvalidArgument("KS test needs at least one value");
  std::vector<double> x(values.begin(), values.end());
  for (double v : x) {
    if (!std::isfinite(v) || v < 0 || v > 1)
      return InvalidArgument("KS test values must lie in [0, 1]");
  }
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    d = std::max(d, (i + 1) / n - x[i]);
    d = std::max(d, x[i] - i / n);
  }
  KsResult r;
  r.n = static_cast<int>(x.size());
  r.d = d;
  r.log10_p = LnToLog10P(LogKolmogorovSf(r.n, d)).value;
  return r;
}

}  // namespace lineage
