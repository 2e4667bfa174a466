#include "stats/sign_test.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lineage {
namespace {

double LogChoose(int n, int k) {
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

// log P(X >= k), X ~ Binomial(n, q), by log-sum-exp over the upper tail.
double LogUpperTail(int n, int k, double q) {
  if (k <= 0) return 0;
  if (k > n) return -INFINITY;
  const double lq = std::log(q), l1q = std::log1p(-q);
  double peak = -INFINITY;
  std::vector<double> terms;
  terms.reserve(n - k + 1);
  for (int i = k; i <= n; ++i) {
    terms.push_back(LogChoose(n, i) + i * lq + (n - i) * l1q);
    peak = std::max(peak, terms.back());
  }
  double sum = 0;
  for (double t : terms) sum += std::exp(t - peak);
  return peak + std::log(sum);
}

}  // namespace

double SignTestP(int wins, int losses) {
  if (wins < 0 || losses < 0) return 1;
  const int n = wins + losses;
  if (n == 0) return 1;
  return std::min(1.0, std::exp(LogUpperTail(n, wins, 0.5)));
}

std::vector<double> HolmAdjust(std::span<const double> p) {
  const size_t m = p.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> out(m);
  double running = 0;
  for (size_t r = 0; r < m; ++r) {
    const double adj = std::min(1.0, static_cast<double>(m - r) * p[order[r]]);
    running = std::max(running, adj);
    out[order[r]] = running;
  }
  return out;
}

int SignTestPairsForPower(double q, double alpha, double power, int max_n) {
  if (!(q > 0.5 && q < 1) || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) return -1;
  for (int n = 1; n <= max_n; ++n) {
    // The smallest critical count c with P(X >= c | 1/2) <= alpha; power = P(X >= c | q).
    int c = n + 1;
    while (c > 0 && std::exp(LogUpperTail(n, c - 1, 0.5)) <= alpha) --c;
    if (c > n) continue;
    if (std::exp(LogUpperTail(n, c, q)) >= power) return n;
  }
  return -1;
}

}  // namespace lineage
